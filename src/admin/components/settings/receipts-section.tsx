import { Badge, Button, Container, Table, Tabs, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useNow } from "../../lib/format"
import { useRetryReceipt, useWebhookReceipts, type ReceiptStatus, type WebhookReceiptRow } from "../../lib/receipts"
import { errorMessage } from "../../lib/sdk"
import { ErrorState } from "../common/error-state"
import { EmptyState, ListSkeleton } from "../common/list-section"
import { SectionHeader } from "../common/section-header"
import { RelativeTimestamp } from "../common/timestamp"

const EMPTY: Record<"failed" | "ignored" | "pending" | "processed", { title: string; description: string }> = {
  failed: { title: "No failed webhooks", description: "Everything received has been applied." },
  ignored: { title: "No webhooks for other numbers", description: "Webhooks for another business number or WABA would be listed here." },
  pending: { title: "Nothing waiting", description: "Webhooks waiting for a retry would be listed here." },
  processed: { title: "No webhooks yet", description: "Nothing has arrived on the callback URL." },
}

/**
 * Webhooks that did not apply cleanly: failed ones (with their error and a retry) and ignored
 * ones (another business number's or WABA's, which change nothing here).
 */
export const ReceiptsSection = () => {
  const [tab, setTab] = useState<ReceiptStatus>("failed")
  const { data, isPending, isError, error, refetch } = useWebhookReceipts(tab)
  const counts = data?.counts
  return (
    <Container className="divide-y p-0" data-testid="webhook-receipts">
      <SectionHeader
        title="Webhook receipts"
        subtitle="Every webhook is stored before it is applied. Failed ones are retried with backoff, then wait here for you; ignored ones belong to another number."
      />
      <div className="px-6 py-4">
        <Tabs value={tab} onValueChange={(v) => setTab(v as ReceiptStatus)}>
          <Tabs.List>
            <Tabs.Trigger value="failed">Failed{counts ? ` (${counts.failed})` : ""}</Tabs.Trigger>
            <Tabs.Trigger value="ignored">Ignored{counts ? ` (${counts.ignored})` : ""}</Tabs.Trigger>
            <Tabs.Trigger value="pending">Waiting{counts ? ` (${counts.pending})` : ""}</Tabs.Trigger>
          </Tabs.List>
        </Tabs>
      </div>
      {isPending ? (
        <ListSkeleton />
      ) : isError ? (
        <ErrorState title="Couldn't load the webhook receipts" error={error} onRetry={() => refetch()} />
      ) : data.receipts.length === 0 ? (
        <EmptyState title={EMPTY[tab].title} description={EMPTY[tab].description} />
      ) : (
        <ReceiptsTable rows={data.receipts} canRetry={tab === "failed"} />
      )}
    </Container>
  )
}

const ReceiptsTable = ({ rows, canRetry }: { rows: WebhookReceiptRow[]; canRetry: boolean }) => {
  const now = useNow()
  const retry = useRetryReceipt()
  return (
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Received</Table.HeaderCell>
          <Table.HeaderCell>Attempts</Table.HeaderCell>
          <Table.HeaderCell>Reason</Table.HeaderCell>
          {canRetry && <Table.HeaderCell />}
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {rows.map((r) => (
          <Table.Row key={r.id}>
            <Table.Cell>
              <RelativeTimestamp value={r.created_at} now={now} />
            </Table.Cell>
            <Table.Cell>{r.attempts}</Table.Cell>
            <Table.Cell className="max-w-[480px]">
              <Text size="small" className="truncate" title={r.last_error ?? ""}>
                {r.last_error ?? "—"}
              </Text>
              {r.notes?.length ? (
                <Badge size="2xsmall" color="grey">
                  {r.notes.length} note{r.notes.length === 1 ? "" : "s"}
                </Badge>
              ) : null}
            </Table.Cell>
            {canRetry && (
              <Table.Cell className="text-right">
                <Button
                  size="small"
                  variant="secondary"
                  disabled={!!r.redacted_at || retry.isPending}
                  onClick={() =>
                    retry.mutate(r.id, {
                      onSuccess: () => toast.success("Retrying the webhook"),
                      onError: (e) => toast.error(errorMessage(e)),
                    })
                  }
                >
                  Retry
                </Button>
              </Table.Cell>
            )}
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}
