// In-call chat: signed inside the ciphertext, padded, bound to call/type/slot, separate from media.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ChatReceiver, ChatSender, ChatType } from './chat.ts'
import { isE2eeError, type E2eeErrorCode } from './errors.ts'
import { ReceiverContext } from './receiver.ts'
import { SenderKey } from './sender-key.ts'
import { makeCall } from './test-call.ts'

const code = (c: E2eeErrorCode) => (e: unknown) => isE2eeError(e, c)

async function setup() {
  const call = await makeCall(3)
  const [a, , c] = call.members as [(typeof call.members)[0], unknown, (typeof call.members)[0]]
  const mediaKey = SenderKey.generate()
  const sender = ChatSender.create({ callId: call.callId, slot: a.slot, identity: a.identity })
  await sender.setKey(1, mediaKey)
  const receiver = ChatReceiver.create({ callId: call.callId, roster: call.roster })
  await receiver.setSenderKey(a.slot, 1, mediaKey)
  return { call, a, c, mediaKey, sender, receiver }
}

test('a chat message decrypts, verifies and is attributed to the roster member', async () => {
  const { sender, receiver } = await setup()
  const msg = await receiver.open(await sender.seal(ChatType.text, 'Bonjour, docteur ✓'))
  assert.deepEqual(msg, {
    slot: 0,
    accountId: 'acct-0',
    type: ChatType.text,
    text: 'Bonjour, docteur ✓',
    epoch: 1,
  })
})

test('a member holding the group key cannot forge another member’s message', async () => {
  const { call, c, mediaKey, receiver } = await setup()
  // C knows A's sender key (every member does) and writes as slot 0 with its own signature
  const forger = ChatSender.create({ callId: call.callId, slot: 0, identity: c.identity })
  await forger.setKey(2, mediaKey)
  await receiver.setSenderKey(0, 2, mediaKey)
  await assert.rejects(
    receiver.open(await forger.seal(ChatType.text, 'stop the medication')),
    code('bad-signature'),
  )
})

test('replayed, tampered, re-typed and wrong-call messages are rejected', async () => {
  const { call, mediaKey, sender, receiver } = await setup()
  const wire = await sender.seal(ChatType.text, 'hello')
  const tampered = new Uint8Array(wire)
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1
  await assert.rejects(receiver.open(tampered), code('auth-failed'))
  const retyped = new Uint8Array(wire)
  retyped[2] = ChatType.system
  await assert.rejects(receiver.open(retyped), code('auth-failed'))
  const otherCall = ChatReceiver.create({ callId: 'call-2', roster: call.roster })
  await otherCall.setSenderKey(0, 1, mediaKey)
  await assert.rejects(otherCall.open(wire), code('auth-failed'))
  await receiver.open(wire)
  await assert.rejects(receiver.open(wire), code('replay'))
})

test('messages are padded to 256-byte buckets', async () => {
  const { sender } = await setup()
  const len = async (text: string) => (await sender.seal(ChatType.text, text)).length
  const short = await len('ok')
  assert.equal(await len('x'.repeat(150)), short)
  assert.equal((await len('x'.repeat(300))) - short, 256)
})

test('chat keys are not media keys: a media receiver cannot read chat frames', async () => {
  const { mediaKey, sender } = await setup()
  const media = ReceiverContext.create()
  await media.setSenderKey(0, 1, mediaKey)
  const wire = await sender.seal(ChatType.text, 'private')
  await assert.rejects(media.decrypt(wire.subarray(3)), (e) => isE2eeError(e, 'auth-failed'))
})
