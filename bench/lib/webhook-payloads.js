// Signed WhatsApp webhook bodies, serialised like Meta (and like sandbox/src/webhooks.ts and
// integration-tests/helpers/webhooks.ts): non-ASCII as \uXXXX, "/" as "\/", HMAC-SHA256 over the bytes.
"use strict"
const { createHmac, createHash } = require("node:crypto")

const APP_SECRET = process.env.WHATSAPP_APP_SECRET || "sandbox-secret"
const PHONE_NUMBER_ID = process.env.WHATSAPP_PHONE_NUMBER_ID || "100000000000001"
const WABA_ID = process.env.WHATSAPP_WABA_ID || "200000000000001"

function metaJson(value) {
  return JSON.stringify(value)
    .replace(/\//g, "\\/")
    .replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"))
}

const sign = (raw, secret = APP_SECRET) => "sha256=" + createHmac("sha256", secret).update(raw).digest("hex")

/** A wamid shaped like Meta's (base64 of an opaque id), unique per n. */
function benchWamid(n) {
  return (
    "wamid.HBgL" + Buffer.from(`6681${String(n).padStart(8, "0")}FQIAERgS${createHash("md5").update(String(n)).digest("hex").slice(0, 18)}`).toString("base64")
  )
}

/** A single-status "sent" webhook as Meta (and the sandbox) send it, with conversation and pricing. */
function statusBody(wamid, recipient, atSeconds) {
  const value = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: "15550000001", phone_number_id: PHONE_NUMBER_ID },
    statuses: [
      {
        id: wamid,
        status: "sent",
        timestamp: String(atSeconds),
        recipient_id: recipient,
        conversation: {
          id: createHash("md5").update(recipient).digest("hex"),
          expiration_timestamp: String(atSeconds + 86_400),
          origin: { type: "utility" },
        },
        pricing: { billable: true, pricing_model: "PMP", category: "utility", type: "regular" },
      },
    ],
  }
  return metaJson({ object: "whatsapp_business_account", entry: [{ id: WABA_ID, changes: [{ field: "messages", value }] }] })
}

/** Request bodies for outbound messages first..first+count-1 (see seedOutbound in webhook.js). */
function statusRequests(first, count) {
  const at = Math.floor(Date.now() / 1000)
  const out = new Array(count)
  for (let i = 0; i < count; i++) {
    const n = first + i
    const body = Buffer.from(statusBody(benchWamid(n), recipientOf(n), at))
    out[i] = { body, signature: sign(body) }
  }
  return out
}

const recipientOf = (n) => `66812${String(n % 1_000_000).padStart(6, "0")}`

module.exports = { metaJson, sign, benchWamid, statusBody, statusRequests, recipientOf, APP_SECRET }
