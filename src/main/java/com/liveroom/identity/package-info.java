/** Who calls: guest and WeChat sign-in, signed expiring tokens, and the REST filter that reads them. */
package com.liveroom.identity;
