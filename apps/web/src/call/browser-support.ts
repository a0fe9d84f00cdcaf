// Whether this browser can hold an end-to-end encrypted call: the frame transforms need Chromium's
// createEncodedStreams (shared/design/E2EE.md section 7). Without it the call must not start at all,
// rather than start without encryption.

export const UNSUPPORTED_BROWSER =
  'This browser cannot encrypt the call end to end. Open this page in a current Google Chrome or ' +
  'Microsoft Edge, on a computer or an Android phone. iPhones and iPads are not supported yet.'

/** Null when the call can run here, else what to tell the person. */
export function e2eeUnsupportedReason(): string | null {
  if (typeof RTCPeerConnection === 'undefined' || typeof Worker === 'undefined') return UNSUPPORTED_BROWSER
  if (typeof RTCRtpSender === 'undefined' || !('createEncodedStreams' in RTCRtpSender.prototype))
    return UNSUPPORTED_BROWSER
  return null
}
