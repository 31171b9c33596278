import { toast } from "@medusajs/ui"
import { useRef } from "react"
import { newIdempotencyKey, useReply, type ReplyPayload } from "../../lib/inbox"
import { errorMessage } from "../../lib/sdk"

/**
 * Sends a reply, reusing the idempotency key only when the same reply is retried after a network
 * failure. Any answer from the server retires the key: the backend returns the earlier message for
 * a key it has seen, even a failed one, so a fresh attempt needs a fresh key.
 */
export function useSendReply(conversationId: string) {
  const reply = useReply(conversationId)
  const pendingKey = useRef<{ payload: string; key: string } | null>(null)

  const send = async (body: ReplyPayload): Promise<boolean> => {
    const payload = JSON.stringify(body)
    if (pendingKey.current?.payload !== payload) pendingKey.current = { payload, key: newIdempotencyKey() }
    try {
      const { message } = await reply.mutateAsync({ body, idempotencyKey: pendingKey.current.key })
      pendingKey.current = null
      if (message.status === "failed") {
        toast.error("WhatsApp refused the message", { description: message.error_title ?? message.error_details ?? undefined })
        return false
      }
      return true
    } catch (e) {
      if (typeof (e as { status?: unknown }).status === "number") pendingKey.current = null
      toast.error("Couldn't send the reply", { description: errorMessage(e) })
      return false
    }
  }

  return { send, isPending: reply.isPending }
}
