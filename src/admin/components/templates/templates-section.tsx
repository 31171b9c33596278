import { ArrowPath } from "@medusajs/icons"
import { Badge, Button, Container, Skeleton, Table, Text, Tooltip, toast } from "@medusajs/ui"
import { formatDateTime } from "../../lib/format"
import { eventLabel, useSyncTemplates, useTemplates, type WhatsappTemplate } from "../../lib/notifications"
import { errorMessage } from "../../lib/sdk"
import { ErrorState } from "../common/error-state"
import { SectionHeader } from "../common/section-header"
import { CreateTemplateModal } from "./create-template-modal"
import { QualityBadge, TemplateStatusBadge, rejectedReasonText } from "./template-badges"

/** The WABA's templates as last synced, with the events that use each. */
export const TemplatesSection = () => {
  const { data, isPending, isError, error, refetch } = useTemplates()
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
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
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
      />
      {isPending ? (
        <div className="flex flex-col gap-y-3 px-6 py-4">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-5 w-full" />
          ))}
        </div>
      ) : isError ? (
        <ErrorState title="Couldn't load templates" error={error} onRetry={() => refetch()} />
      ) : data.templates.length === 0 ? (
        <div className="flex flex-col items-center gap-y-1 px-6 py-6 text-center">
          <Text size="small" weight="plus" leading="compact">
            No templates yet
          </Text>
          <Text size="small" className="text-ui-fg-muted">
            Sync from WhatsApp to load the templates of your WhatsApp Business Account, or create one.
          </Text>
        </div>
      ) : (
        <TemplatesTable templates={data.templates} />
      )}
    </Container>
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
