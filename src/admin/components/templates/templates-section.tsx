import { ArrowPath } from "@medusajs/icons"
import { Badge, Button, Table, Tooltip, toast } from "@medusajs/ui"
import { formatDateTime } from "../../lib/format"
import { eventLabel, useSyncTemplates, useTemplates, type WhatsappTemplate } from "../../lib/notifications"
import { errorMessage } from "../../lib/sdk"
import { ListSection } from "../common/list-section"
import { CreateTemplateModal } from "./create-template-modal"
import { QualityBadge, TemplateStatusBadge, rejectedReasonText } from "./template-badges"

/** The WABA's templates as last synced, with the events that use each. */
export const TemplatesSection = () => {
  const templates = useTemplates()
  const sync = useSyncTemplates()

  const runSync = async () => {
    try {
      const { synced, removed } = await sync.mutateAsync()
      toast.success("Templates synced", {
        description: `${synced} template${synced === 1 ? "" : "s"} from WhatsApp${removed ? `, ${removed} no longer there` : ""}.`,
      })
    } catch (e) {
      toast.error("Couldn't sync templates", { description: errorMessage(e) })
    }
  }

  return (
    <ListSection
      title="WhatsApp templates"
      subtitle="Message templates approved by Meta; notifications can only use APPROVED ones."
      actions={
        <>
          <Button size="small" variant="secondary" isLoading={sync.isPending} onClick={runSync}>
            <ArrowPath />
            Sync from WhatsApp
          </Button>
          <CreateTemplateModal />
        </>
      }
      query={templates}
      errorTitle="Couldn't load templates"
      isEmpty={(data) => data.templates.length === 0}
      empty={{
        title: "No templates yet",
        description: "Sync from WhatsApp to load the templates of your WhatsApp Business Account, or create one.",
      }}
    >
      {(data) => <TemplatesTable templates={data.templates} />}
    </ListSection>
  )
}

const TemplatesTable = ({ templates }: { templates: WhatsappTemplate[] }) => (
  <div className="overflow-x-auto">
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Name</Table.HeaderCell>
          <Table.HeaderCell>Language</Table.HeaderCell>
          <Table.HeaderCell>Category</Table.HeaderCell>
          <Table.HeaderCell>Status</Table.HeaderCell>
          <Table.HeaderCell>Quality</Table.HeaderCell>
          <Table.HeaderCell>Rejected reason</Table.HeaderCell>
          <Table.HeaderCell>Used by</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {templates.map((t) => (
          <Table.Row key={t.id}>
            <Table.Cell>
              <Tooltip content={t.synced_at ? `Synced ${formatDateTime(t.synced_at)}` : "Not synced yet"}>
                <span className="cursor-default font-mono">{t.name}</span>
              </Tooltip>
            </Table.Cell>
            <Table.Cell>{t.language}</Table.Cell>
            <Table.Cell>{t.category}</Table.Cell>
            <Table.Cell>
              <TemplateStatusBadge status={t.status} />
            </Table.Cell>
            <Table.Cell>
              <QualityBadge score={t.quality_score} />
            </Table.Cell>
            <Table.Cell className="max-w-[16rem] whitespace-normal">{rejectedReasonText(t.rejected_reason) ?? "-"}</Table.Cell>
            <Table.Cell className="whitespace-normal">
              {t.used_by.length ? (
                <div className="flex flex-wrap gap-1 py-1">
                  {t.used_by.map((event) => (
                    <Badge key={event} size="2xsmall">
                      {eventLabel(event)}
                    </Badge>
                  ))}
                </div>
              ) : (
                <span className="text-ui-fg-muted">-</span>
              )}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  </div>
)
