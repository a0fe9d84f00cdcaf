// P9's diagnostic variant: the encoded frames go to a worker and back through a TransformStream
// that passes every frame on untouched, so the plumbing of createEncodedStreams (a thread hop each
// way, the streams) can be told apart from the work of the E2EE worker (SFrame, WebCrypto).
interface Attach {
  readable: ReadableStream<unknown>
  writable: WritableStream<unknown>
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<Attach>) => void) | null }
scope.onmessage = ({ data }) => {
  void data.readable
    .pipeThrough(new TransformStream({ transform: (frame, ctl) => ctl.enqueue(frame) }))
    .pipeTo(data.writable)
    .catch(() => undefined)
}
