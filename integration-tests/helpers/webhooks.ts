// Webhook bodies as Meta posts them to the app, and their signature.
import { metaJson, sign as signWith } from "../../sandbox/src/webhooks"

export const APP_SECRET = process.env.WHATSAPP_APP_SECRET || "sandbox-secret"

/** Serialises like Meta (non-ASCII as \uXXXX, "/" as "\/"), so only raw-byte verification passes: the sandbox's own. */
export { metaJson }

/** X-Hub-Signature-256 of raw, with the app secret the test app runs with unless told otherwise. */
export const sign = (raw: string, secret = APP_SECRET) => signWith(secret, raw)

const metadata = { display_phone_number: "15550000001", phone_number_id: "100000000000001" }

export function envelope(field: string, value: unknown) {
  return { object: "whatsapp_business_account", entry: [{ id: "200000000000001", changes: [{ field, value }] }] }
}

export function inboundText(from: string, body: string, opts: { id?: string; name?: string; timestamp?: number } = {}) {
  const id = opts.id ?? `wamid.in.${Math.random().toString(36).slice(2)}`
  return envelope("messages", {
    messaging_product: "whatsapp",
    metadata,
    contacts: [{ profile: { name: opts.name ?? "Somchai" }, wa_id: from }],
    messages: [{ from, id, timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)), type: "text", text: { body } }],
  })
}

export function statusEvent(
  wamid: string,
  status: string,
  opts: { recipient?: string; timestamp?: number; callback?: string; errors?: unknown[]; pricing?: unknown } = {}
) {
  return envelope("messages", {
    messaging_product: "whatsapp",
    metadata,
    statuses: [
      {
        id: wamid,
        status,
        timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)),
        recipient_id: opts.recipient ?? "66812345678",
        ...(opts.callback ? { biz_opaque_callback_data: opts.callback } : {}),
        ...(opts.errors ? { errors: opts.errors } : {}),
        ...(opts.pricing ? { pricing: opts.pricing } : {}),
      },
    ],
  })
}
