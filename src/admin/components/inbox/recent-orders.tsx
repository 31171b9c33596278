import { Badge, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { formatDate } from "../../lib/format"
import { formatMoney, type ConversationOrder } from "../../lib/inbox"

const humanize = (value: string) => {
  const words = value.replace(/_/g, " ")
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const STATUS_COLORS: Record<string, "green" | "red" | "orange" | "grey" | "blue"> = {
  completed: "green",
  canceled: "red",
  pending: "orange",
  requires_action: "orange",
  draft: "grey",
  archived: "grey",
}

/** The customer's five latest orders, each linking to the order page. */
export const RecentOrders = ({ orders }: { orders: ConversationOrder[] }) => (
  <div className="flex flex-col gap-y-2 px-6 py-4">
    <Text size="small" weight="plus" leading="compact" className="text-ui-fg-subtle">
      Recent orders
    </Text>
    {orders.length === 0 ? (
      <Text size="small" className="text-ui-fg-muted">
        No orders yet.
      </Text>
    ) : (
      <ul className="flex flex-col gap-y-1.5">
        {orders.map((o) => (
          <li key={o.id}>
            <Link
              to={`/orders/${o.id}`}
              className="hover:bg-ui-bg-base-hover -mx-2 flex items-center justify-between gap-x-2 rounded-md px-2 py-1 outline-none focus-visible:shadow-borders-focus"
            >
              <div className="flex min-w-0 flex-col">
                <Text size="small" weight="plus" leading="compact" className="text-ui-fg-interactive">
                  #{o.display_id}
                </Text>
                <Text size="xsmall" className="text-ui-fg-muted">
                  {formatDate(o.created_at)}
                </Text>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-y-0.5">
                <Text size="small" leading="compact">
                  {formatMoney(o.total, o.currency_code)}
                </Text>
                <Badge size="2xsmall" color={STATUS_COLORS[o.status] ?? "blue"}>
                  {humanize(o.status)}
                </Badge>
              </div>
            </Link>
          </li>
        ))}
      </ul>
    )}
  </div>
)
