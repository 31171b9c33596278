import { ArrowUturnLeft } from "@medusajs/icons"
import { Button, Drawer, InlineTip, Input, RadioGroup, Select, Text, Textarea, toast } from "@medusajs/ui"
import { useState } from "react"
import { useNavigate } from "react-router-dom"
import {
  campaignTemplateProblem,
  formatCount,
  isCampaignTemplate,
  templateSlots,
  useRetargetCampaign,
  type CampaignMessageSpec,
  type RetargetCriterion,
  type WhatsappCampaign,
} from "../../lib/campaigns"
import { useTemplates } from "../../lib/notifications"
import { errorMessage } from "../../lib/sdk"
import { Field } from "../common/field"
import { ParameterMapping } from "./parameter-mapping"
import { PreviewPanel } from "./preview-panel"
import { EMPTY_DRAFT, defaultMappings, effectiveCta, toParameters, type CampaignDraft } from "./wizard-draft"

type MessageChoice = "same" | "template" | "text"

/** What the follow-up sends instead of the parent's message; null = the parent's. */
function messageOverride(choice: MessageChoice, d: CampaignDraft): Partial<CampaignMessageSpec> | null {
  if (choice === "same") return null
  if (choice === "text") return { message_kind: "text", text: d.text.trim() }
  d = { ...d, kind: "template" }
  return {
    message_kind: "template",
    template_name: d.template?.name ?? null,
    template_language: d.template?.language ?? null,
    parameters: toParameters(d),
    cta: effectiveCta(d),
  }
}

type Props = { campaign: WhatsappCampaign; stats: { sent: number; read: number; replied: number } }

/** A follow-up draft to this campaign's recipients who did not read, or did not reply. */
export const RetargetDrawer = ({ campaign, stats }: Props) => {
  const [open, setOpen] = useState(false)
  const [criterion, setCriterion] = useState<RetargetCriterion>("not_read")
  const [name, setName] = useState("")
  const [choice, setChoice] = useState<MessageChoice>("same")
  // The other message, edited with the wizard's pieces (the parent's discount code stays).
  const [draft, setDraft] = useState<CampaignDraft>(() => ({ ...EMPTY_DRAFT, discountCode: campaign.discount_code ?? "", segmentId: "" }))
  const update = (patch: Partial<CampaignDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const templates = useTemplates()
  const eligible = (templates.data?.templates ?? []).filter(isCampaignTemplate)
  const retarget = useRetargetCampaign()
  const navigate = useNavigate()
  const counts: Record<RetargetCriterion, number> = {
    not_read: Math.max(0, stats.sent - stats.read),
    not_replied: Math.max(0, stats.sent - stats.replied),
  }
  const defaultName = `${campaign.name} — retarget (${criterion.replace("_", " ")})`

  const submit = async () => {
    try {
      const { campaign: created } = await retarget.mutateAsync({
        id: campaign.id,
        criterion,
        name: name.trim() || undefined,
        message: messageOverride(choice, draft),
      })
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
            Creates a draft follow-up to the customers this campaign reached who did not react, with the same message or another one
            {campaign.discount_code ? " (and the same discount code)" : ""}; review it and start it when you are ready.
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
          <div className="flex flex-col gap-y-3">
            <Text size="small" weight="plus">
              Message
            </Text>
            <RadioGroup value={choice} onValueChange={(v) => setChoice(v as MessageChoice)} className="flex flex-col gap-y-2">
              <RadioGroup.ChoiceBox
                value="same"
                label="The same message"
                description={
                  campaign.message_kind === "template" ? `Template ${campaign.template_name} (${campaign.template_language})` : "The same free-form text"
                }
              />
              <RadioGroup.ChoiceBox value="template" label="Another template" description="An approved marketing template, e.g. a reminder." />
              <RadioGroup.ChoiceBox value="text" label="Free-form text" description="Only reaches those who messaged you in the last 24 hours." />
            </RadioGroup>
            {choice === "template" && (
              <>
                <Select
                  size="small"
                  value={draft.template ? `${draft.template.name}|${draft.template.language}` : ""}
                  onValueChange={(key) => {
                    const t = eligible.find((o) => `${o.name}|${o.language}` === key) ?? null
                    update({ template: t, mappings: defaultMappings(t), ctaButtonIndex: null, ctaPayload: campaign.cta?.payload ?? EMPTY_DRAFT.ctaPayload })
                  }}
                >
                  <Select.Trigger aria-label="Template">
                    <Select.Value placeholder={templates.isPending ? "Loading templates…" : "Choose a marketing template"} />
                  </Select.Trigger>
                  <Select.Content>
                    {eligible.map((t) => (
                      <Select.Item key={t.id} value={`${t.name}|${t.language}`}>
                        {t.name} ({t.language})
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select>
                {draft.template && campaignTemplateProblem(draft.template) && (
                  <InlineTip label="Can't send this template" variant="error">
                    {campaignTemplateProblem(draft.template)}
                  </InlineTip>
                )}
                {draft.template && (
                  <ParameterMapping
                    slots={templateSlots(draft.template)}
                    mappings={draft.mappings}
                    onChange={(key, m) => update({ mappings: { ...draft.mappings, [key]: m } })}
                  />
                )}
              </>
            )}
            {choice === "text" && (
              <Textarea
                rows={4}
                maxLength={4096}
                aria-label="Message"
                placeholder="Hi {{first_name}}, still thinking about it?"
                value={draft.text}
                onChange={(e) => update({ text: e.target.value, kind: "text" })}
              />
            )}
            {choice !== "same" && <PreviewPanel draft={{ ...draft, kind: choice === "text" ? "text" : "template" }} update={update} />}
          </div>
          <Field id="retarget-name" label="Name" optional hint={`Defaults to “${defaultName}”.`}>
            <Input id="retarget-name" size="small" value={name} maxLength={200} placeholder={defaultName} onChange={(e) => setName(e.target.value)} />
          </Field>
          {campaign.status === "running" && (
            <InlineTip label="Still sending" variant="info">
              The follow-up's audience is taken when you start it, so customers who read or reply before then are left out.
            </InlineTip>
          )}
          <Text size="xsmall" className="text-ui-fg-muted">
            Counts are from this campaign's results now. Only customers who still have marketing consent when the follow-up starts receive it.
          </Text>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary" disabled={retarget.isPending}>
              Cancel
            </Button>
          </Drawer.Close>
          <Button
            size="small"
            isLoading={retarget.isPending}
            disabled={
              counts[criterion] === 0 ||
              (choice === "template" &&
                (!draft.template || !!campaignTemplateProblem(draft.template) || toParameters(draft).some((p) => p.source === "static" && !p.value))) ||
              (choice === "text" && !draft.text.trim())
            }
            onClick={submit}
          >
            Create follow-up
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
