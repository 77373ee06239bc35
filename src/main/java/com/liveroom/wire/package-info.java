/**
 * What travels on a socket, as bytes the server writes: the one table of codes ({@link com.liveroom.wire.WireCodes})
 * and the encoder of the frames the server sends ({@link com.liveroom.wire.Frames}). Every component that tells a
 * room something encodes it here, once; the delivery engine writes those bytes as they are.
 */
package com.liveroom.wire;
