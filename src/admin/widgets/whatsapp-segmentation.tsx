import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ArrowPath, XMarkMini } from "@medusajs/icons"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, IconButton, Input, Skeleton, Text, Tooltip, toast } from "@medusajs/ui"
import { useState, type FormEvent } from "react"
import { ErrorState } from "../components/common/error-state"
import { SectionRow } from "../components/common/section-row"
import { formatDate, formatRelative, useNow } from "../lib/format"
import { errorMessage } from "../lib/sdk"
import {
  formatAmount,
  useAddCustomerTag,
  useCustomerSegmentation,
  useRecomputeCustomer,
  useRemoveCustomerTag,
  type CustomerMetrics,
  type CustomerSegmentation,
  type CustomerTag,
} from "../lib/segments"

/** Tags (automatic and manual), purchase and engagement metrics, and the RFM segment of one customer. */
const WhatsappSegmentationWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { data, isPending, isError, error, refetch } = useCustomerSegmentation(customer.id)
  const recompute = useRecomputeCustomer(customer.id)

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between gap-x-2 px-6 py-4">
        <div className="flex items-center gap-x-2">
          <Heading level="h2">Segments</Heading>
          {data?.metrics?.rfm_segment && (
            <Badge size="2xsmall" color="purple">
              {data.metrics.rfm_segment}
            </Badge>
          )}
        </div>
        <Tooltip content="Recompute this customer's metrics and automatic tags now">
          <IconButton
            size="small"
            variant="transparent"
            disabled={recompute.isPending}
            onClick={() => recompute.mutate(undefined, { onError: (e) => toast.error("Couldn't recompute", { description: errorMessage(e) }) })}
          >
            <ArrowPath className={recompute.isPending ? "animate-spin" : undefined} />
          </IconButton>
        </Tooltip>
      </div>
      {isPending ? (
        <div className="flex flex-col gap-y-3 px-6 py-4">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-5 w-1/2" />
          <Skeleton className="h-5 w-3/4" />
        </div>
      ) : isError ? (
        <ErrorState title="Couldn't load segments" error={error} onRetry={() => refetch()} />
      ) : (
        <WidgetBody customerId={customer.id} data={data} />
      )}
    </Container>
  )
}

const WidgetBody = ({ customerId, data }: { customerId: string; data: CustomerSegmentation }) => {
  const now = useNow()
  const m = data.metrics
  return (
    <>
      <TagsSection customerId={customerId} tags={data.tags} />
      {!m ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle">
            No metrics yet: they are computed nightly, when an order is placed, or with the recompute button above.
          </Text>
        </div>
      ) : (
        <MetricsSection m={m} now={now} />
      )}
    </>
  )
}

const TagsSection = ({ customerId, tags }: { customerId: string; tags: CustomerTag[] }) => {
  const [name, setName] = useState("")
  const add = useAddCustomerTag(customerId)
  const remove = useRemoveCustomerTag(customerId)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const value = name.trim()
    if (!value) return
    add.mutate(value, {
      onSuccess: () => setName(""),
      onError: (err) => toast.error("Couldn't add the tag", { description: errorMessage(err) }),
    })
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <Text size="small" weight="plus" leading="compact" className="text-ui-fg-subtle">
        Tags
      </Text>
      <div className="flex flex-wrap gap-1">
        {tags.length === 0 && (
          <Text size="small" leading="compact" className="text-ui-fg-muted">
            No tags
          </Text>
        )}
        {tags.map((tag) =>
          tag.source === "auto" ? (
            <Tooltip key={tag.id} content="Automatic: follows the segment thresholds">
              <Badge size="2xsmall" color="blue" className="cursor-default">
                {tag.name}
              </Badge>
            </Tooltip>
          ) : (
            <Badge key={tag.id} size="2xsmall" color="grey" className="gap-x-0.5 pr-0.5">
              {tag.name}
              <button
                type="button"
                aria-label={`Remove ${tag.name}`}
                className="text-ui-fg-muted hover:text-ui-fg-subtle disabled:opacity-50"
                disabled={remove.isPending}
                onClick={() => remove.mutate(tag.id, { onError: (err) => toast.error("Couldn't remove the tag", { description: errorMessage(err) }) })}
              >
                <XMarkMini />
              </button>
            </Badge>
          )
        )}
      </div>
      <form onSubmit={submit} className="flex items-center gap-x-2">
        <Input size="small" placeholder="Add a tag, e.g. wholesale" value={name} onChange={(e) => setName(e.target.value)} maxLength={64} />
        <Button size="small" variant="secondary" type="submit" isLoading={add.isPending} disabled={!name.trim()}>
          Add
        </Button>
      </form>
    </div>
  )
}

const days = (n: number | null) => (n === null ? "-" : `${n.toFixed(n < 10 ? 1 : 0)} days`)

const MetricsSection = ({ m, now }: { m: CustomerMetrics; now: Date }) => (
  <div>
    <SectionRow title="Orders" value={String(m.order_count)} />
    <SectionRow title="First / last order" value={m.order_count ? `${formatDate(m.first_order_at)} / ${formatDate(m.last_order_at)}` : "-"} />
    <SectionRow title="Average gap" value={days(m.avg_gap_days)} />
    <SectionRow
      title="Next order expected"
      value={
        m.expected_next_order_at ? (
          <>
            <Text size="small" leading="compact">
              {formatDate(m.expected_next_order_at)}
            </Text>
            {m.overdue && (
              <Badge size="2xsmall" color="orange">
                Overdue
              </Badge>
            )}
          </>
        ) : (
          "-"
        )
      }
    />
    <SectionRow title="Average order value" value={formatAmount(m.aov, m.currency_code)} />
    <SectionRow title="Total spent" value={formatAmount(m.total_spent, m.currency_code)} />
    <SectionRow title="Last reply" value={m.last_inbound_at ? formatRelative(m.last_inbound_at, now) : "-"} />
    <SectionRow title="Last read" value={m.last_read_at ? formatRelative(m.last_read_at, now) : "-"} />
    <SectionRow title="Replies (7 / 30 days)" value={`${m.replies_7d} / ${m.replies_30d}`} />
    <SectionRow title="RFM (R / F / M)" value={m.rfm_recency ? `${m.rfm_recency} / ${m.rfm_frequency} / ${m.rfm_monetary} · ${m.rfm_segment}` : "No orders"} />
    <SectionRow title="Country" value={m.country_code ?? "-"} />
    <SectionRow title="Metrics last changed" value={formatRelative(m.computed_at, now)} />
  </div>
)

export const config = defineWidgetConfig({
  zone: "customer.details.side.after",
  id: "whatsapp-segmentation-widget",
})

export default WhatsappSegmentationWidget
