import { ArrowPath } from "@medusajs/icons"
import { Button, toast } from "@medusajs/ui"
import { errorMessage } from "../../lib/sdk"
import { useResendMessage } from "../../lib/notifications"

type Props = { orderId: string; messageId: string; label: string }

/** Sends a failed message again as a new message; the failure stays on record. */
export const ResendButton = ({ orderId, messageId, label }: Props) => {
  const { mutateAsync, isPending } = useResendMessage(orderId)

  const resend = async () => {
    try {
      const result = await mutateAsync(messageId)
      if (result.outcome === "sent") {
        toast.success("Message resent", { description: `"${label}" was handed to WhatsApp again.` })
      } else if (result.outcome === "duplicate") {
        toast.info("Already resent", { description: "This message was already sent again; nothing new was sent." })
      } else {
        const e = result.error
        toast.error("Resend failed", {
          description: [[e?.code, e?.title].filter(Boolean).join(" · "), e?.details].filter(Boolean).join(" — ") || "WhatsApp refused the message again.",
        })
      }
    } catch (e) {
      toast.error("Couldn't resend the message", { description: errorMessage(e) })
    }
  }

  return (
    <Button size="small" variant="secondary" isLoading={isPending} onClick={resend} className="self-start">
      <ArrowPath />
      Resend
    </Button>
  )
}
