/**
 * What we put in `biz_opaque_callback_data` (≤ 512 chars, echoed in status webhooks): our own ids,
 * so a status that races ahead of our recording of the wamid still finds its message.
 */
export interface CallbackData {
  message_id: string
  campaign_id?: string
}

export function encodeCallbackData(data: CallbackData): string {
  const out = JSON.stringify({ m: data.message_id, ...(data.campaign_id ? { c: data.campaign_id } : {}) })
  if (out.length > 512) throw new Error("biz_opaque_callback_data exceeds 512 characters")
  return out
}

export function decodeCallbackData(raw: string | undefined | null): CallbackData | null {
  if (!raw) return null
  try {
    const parsed = JSON.parse(raw)
    if (parsed && typeof parsed.m === "string") {
      return { message_id: parsed.m, ...(typeof parsed.c === "string" ? { campaign_id: parsed.c } : {}) }
    }
  } catch {
    // Not ours (e.g. sent by another tool on the same number).
  }
  return null
}
