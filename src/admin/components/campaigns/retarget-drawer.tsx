import { ArrowUturnLeft } from "@medusajs/icons"
import { Button, Drawer, InlineTip, Input, RadioGroup, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useNavigate } from "react-router-dom"
import { formatCount, useRetargetCampaign, type RetargetCriterion, type WhatsappCampaign } from "../../lib/campaigns"
import { errorMessage } from "../../lib/sdk"
import { Field } from "../common/field"

type Props = { campaign: WhatsappCampaign; stats: { sent: number; read: number; replied: number } }

/** A follow-up draft to this campaign's recipients who did not read, or did not reply. */
export const RetargetDrawer = ({ campaign, stats }: Props) => {
  const [open, setOpen] = useState(false)
  const [criterion, setCriterion] = useState<RetargetCriterion>("not_read")
  const [name, setName] = useState("")
  const retarget = useRetargetCampaign()
  const navigate = useNavigate()
  const counts: Record<RetargetCriterion, number> = {
    not_read: Math.max(0, stats.sent - stats.read),
    not_replied: Math.max(0, stats.sent - stats.replied),
  }
  const defaultName = `${campaign.name} — retarget (${criterion.replace("_", " ")})`

  const submit = async () => {
    try {
      const { campaign: created } = await retarget.mutateAsync({ id: campaign.id, criterion, name: name.trim() || undefined })
      toast.success("Follow-up created as a draft", { description: created.name })
      setOpen(false)
      setName("")
      navigate(`/whatsapp-campaigns/${created.id}`)
    } catch (e) {
      toast.error("Couldn't create the follow-up", { description: errorMessage(e) })
    }
  }

  return (
    <Drawer open={open} onOpenChange={(o) => !retarget.isPending && setOpen(o)}>
      <Drawer.Trigger asChild>
        <Button size="small" variant="secondary">
          <ArrowUturnLeft />
          Retarget
        </Button>
      </Drawer.Trigger>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>Retarget</Drawer.Title>
          <Drawer.Description className="sr-only">Create a follow-up campaign</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          <Text size="small" className="text-ui-fg-subtle">
            Creates a draft follow-up to the customers this campaign reached who did not react. It sends the same message
            {campaign.discount_code ? " and discount code" : ""}; review it and start it when you are ready.
          </Text>
          <RadioGroup value={criterion} onValueChange={(v) => setCriterion(v as RetargetCriterion)} className="flex flex-col gap-y-3">
            <RadioGroup.ChoiceBox
              value="not_read"
              label={`Did not read · about ${formatCount(counts.not_read)}`}
              description="Sent but never read. Customers who turned off read receipts count as not read."
            />
            <RadioGroup.ChoiceBox
              value="not_replied"
              label={`Did not reply · about ${formatCount(counts.not_replied)}`}
              description="Sent, maybe read, but no message or button tap back since."
            />
          </RadioGroup>
          <Field id="retarget-name" label="Name" optional hint={`Defaults to “${defaultName}”.`}>
            <Input id="retarget-name" size="small" value={name} maxLength={200} placeholder={defaultName} onChange={(e) => setName(e.target.value)} />
          </Field>
          {campaign.status === "running" && (
            <InlineTip label="Still sending" variant="info">
              The follow-up's audience is taken when you start it, so customers who read or reply before then are left out.
            </InlineTip>
          )}
          <Text size="xsmall" className="text-ui-fg-muted">
            Counts are from this campaign's results now. Only customers who still have marketing consent when the follow-up starts receive
            it.
          </Text>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary" disabled={retarget.isPending}>
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" isLoading={retarget.isPending} disabled={counts[criterion] === 0} onClick={submit}>
            Create follow-up
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
