// Passkeys (W3C WebAuthn L2): the options the browser passes to navigator.credentials, and the
// browser's answers (PublicKeyCredential.toJSON(), WebAuthn L3 section 5.1.8/5.1.9 shapes).
import { Type, type Static } from 'typebox'

const Base64Url = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength })

export const PublicKeyType = Type.Literal('public-key')

export const CredentialDescriptor = Type.Object({
  id: Type.String(),
  type: PublicKeyType,
  transports: Type.Optional(Type.Array(Type.String())),
})

/** Options for navigator.credentials.create() (PublicKeyCredentialCreationOptionsJSON). */
export const PasskeyCreationOptions = Type.Object({
  challenge: Type.String(),
  rp: Type.Object({ name: Type.String(), id: Type.String() }),
  user: Type.Object({ id: Type.String(), name: Type.String(), displayName: Type.String() }),
  pubKeyCredParams: Type.Array(Type.Object({ alg: Type.Integer(), type: PublicKeyType })),
  timeout: Type.Integer(),
  attestation: Type.Literal('none'),
  excludeCredentials: Type.Array(CredentialDescriptor),
  authenticatorSelection: Type.Object({
    residentKey: Type.Literal('required'),
    requireResidentKey: Type.Boolean(),
    userVerification: Type.Literal('required'),
  }),
  extensions: Type.Object({ credProps: Type.Boolean() }),
  hints: Type.Array(Type.String()),
})
export type PasskeyCreationOptions = Static<typeof PasskeyCreationOptions>

/** Options for navigator.credentials.get() (PublicKeyCredentialRequestOptionsJSON). */
export const PasskeyRequestOptions = Type.Object({
  challenge: Type.String(),
  rpId: Type.String(),
  timeout: Type.Integer(),
  userVerification: Type.Literal('required'),
  /** Empty for a sign-in (discoverable credentials: no email needed); the account's for a step-up. */
  allowCredentials: Type.Array(CredentialDescriptor),
})
export type PasskeyRequestOptions = Static<typeof PasskeyRequestOptions>

const Attachment = Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')])
/** Extension outputs vary by browser and grow over time; they are not used for any decision. */
const ExtensionResults = Type.Object({}, { additionalProperties: true, maxProperties: 16 })
const Transports = Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10 })

export const RegistrationResponse = Type.Object(
  {
    id: Base64Url(1400),
    rawId: Base64Url(1400),
    type: PublicKeyType,
    authenticatorAttachment: Type.Optional(Attachment),
    clientExtensionResults: ExtensionResults,
    response: Type.Object(
      {
        clientDataJSON: Base64Url(8192),
        attestationObject: Base64Url(65536),
        authenticatorData: Type.Optional(Base64Url(65536)),
        transports: Type.Optional(Transports),
        publicKeyAlgorithm: Type.Optional(Type.Integer()),
        publicKey: Type.Optional(Base64Url(8192)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type RegistrationResponse = Static<typeof RegistrationResponse>

export const AuthenticationResponse = Type.Object(
  {
    id: Base64Url(1400),
    rawId: Base64Url(1400),
    type: PublicKeyType,
    authenticatorAttachment: Type.Optional(Attachment),
    clientExtensionResults: ExtensionResults,
    response: Type.Object(
      {
        clientDataJSON: Base64Url(8192),
        authenticatorData: Base64Url(65536),
        signature: Base64Url(8192),
        userHandle: Type.Optional(Base64Url(128)),
        attestationObject: Type.Optional(Base64Url(65536)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type AuthenticationResponse = Static<typeof AuthenticationResponse>

export const PasskeyLabel = Type.String({ minLength: 1, maxLength: 60 })

export const AddPasskeyBody = Type.Object(
  { label: PasskeyLabel, response: RegistrationResponse },
  { additionalProperties: false },
)
export type AddPasskeyBody = Static<typeof AddPasskeyBody>

/** The first factor of an account also returns its recovery codes, once. */
export const PasskeyAdded = Type.Object({
  id: Type.String(),
  label: Type.String(),
  recoveryCodes: Type.Optional(Type.Array(Type.String())),
})
export type PasskeyAdded = Static<typeof PasskeyAdded>

export const PasskeyAssertionBody = Type.Object(
  { response: AuthenticationResponse },
  { additionalProperties: false },
)
export type PasskeyAssertionBody = Static<typeof PasskeyAssertionBody>
