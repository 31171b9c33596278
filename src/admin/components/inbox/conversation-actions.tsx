import { Button, toast } from "@medusajs/ui"
import { useUpdateConversation, type ConversationUpdate, type WhatsappConversation } from "../../lib/inbox"
import { errorMessage } from "../../lib/sdk"

type Props = { conversation: WhatsappConversation; meId: string | null }

/** Assign, hand over to a person (rules pause), resolve. */
export const ConversationActions = ({ conversation: c, meId }: Props) => {
  const update = useUpdateConversation(c.id)
  const pending = update.isPending ? update.variables : undefined

  const run = async (body: ConversationUpdate, done: string) => {
    try {
      await update.mutateAsync(body)
      toast.success(done)
    } catch (e) {
      toast.error("Couldn't update the conversation", { description: errorMessage(e) })
    }
  }
  const busy = (key: keyof ConversationUpdate) => !!pending && key in pending

  const mine = !!meId && c.assigned_to === meId
  const resolved = c.status === "resolved"

  return (
    <div className="flex shrink-0 flex-wrap items-center gap-2">
      {c.assigned_to ? (
        <Button
          size="small"
          variant="secondary"
          isLoading={busy("assigned_to")}
          disabled={update.isPending}
          onClick={() => run({ assigned_to: null }, "Unassigned")}
        >
          Unassign
        </Button>
      ) : null}
      {!mine && (
        <Button
          size="small"
          variant="secondary"
          isLoading={busy("assigned_to")}
          disabled={update.isPending || !meId}
          onClick={() => meId && run({ assigned_to: meId }, "Assigned to you")}
        >
          Assign to me
        </Button>
      )}
      {c.handover ? (
        <Button
          size="small"
          variant="secondary"
          isLoading={busy("handover")}
          disabled={update.isPending}
          onClick={() => run({ handover: false }, "Returned to the bot: rules answer again")}
        >
          Return to bot
        </Button>
      ) : (
        <Button
          size="small"
          variant="secondary"
          isLoading={busy("handover")}
          disabled={update.isPending || resolved}
          onClick={() => run({ handover: true }, "Handed over: rules stay quiet until resolved")}
        >
          Hand over
        </Button>
      )}
      {resolved ? (
        <Button size="small" variant="secondary" isLoading={busy("status")} disabled={update.isPending} onClick={() => run({ status: "open" }, "Reopened")}>
          Reopen
        </Button>
      ) : (
        <Button size="small" isLoading={busy("status")} disabled={update.isPending} onClick={() => run({ status: "resolved" }, "Resolved")}>
          Resolve
        </Button>
      )}
    </div>
  )
}
