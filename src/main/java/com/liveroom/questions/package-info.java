/**
 * The question board: asking (straight in, or held for review, possibly anonymously), answering, approving,
 * dismissing, votes with throttled count pushes, listings and the highlight. Steps that show in the chat join the
 * write path as posts; the board's own events follow them.
 */
package com.liveroom.questions;
