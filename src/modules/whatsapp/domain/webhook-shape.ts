/**
 * Structural check of a webhook body before anything is stored. Deep validation of each change
 * happens while processing; this only refuses what is not a WhatsApp Business webhook at all.
 */
export function checkWebhookShape(body: unknown): string | null {
  if (!body || typeof body !== "object" || Array.isArray(body)) return "body must be a JSON object"
  const b = body as Record<string, unknown>
  if (b.object !== "whatsapp_business_account") return 'object must be "whatsapp_business_account"'
  if (!Array.isArray(b.entry) || b.entry.length === 0) return "entry must be a non-empty array"
  for (const [i, entry] of b.entry.entries()) {
    if (!entry || typeof entry !== "object") return `entry[${i}] must be an object`
    const changes = (entry as Record<string, unknown>).changes
    if (!Array.isArray(changes)) return `entry[${i}].changes must be an array`
    for (const [j, change] of changes.entries()) {
      const c = change as Record<string, unknown>
      if (!c || typeof c !== "object" || typeof c.field !== "string") return `entry[${i}].changes[${j}].field must be a string`
      if (!c.value || typeof c.value !== "object") return `entry[${i}].changes[${j}].value must be an object`
    }
  }
  return null
}
