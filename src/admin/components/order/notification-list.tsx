import { Text } from "@medusajs/ui"
import type { OrderWhatsappResponse } from "../../lib/notifications"
import { NotificationItem } from "./notification-item"

type Props = { orderId: string; data: OrderWhatsappResponse; now: Date }

/** The order's notifications in the order they happened. */
export const NotificationList = ({ orderId, data, now }: Props) => {
  if (data.notifications.length === 0) {
    return (
      <div className="flex flex-col items-center gap-y-1 px-6 py-6 text-center">
        <Text size="small" weight="plus" leading="compact">
          No WhatsApp notifications for this order
        </Text>
        <Text size="small" className="text-ui-fg-muted">
          Order updates sent, skipped or failed on WhatsApp will show up here.
        </Text>
      </div>
    )
  }
  return (
    <ul className="divide-y">
      {data.notifications.map((n) => (
        <NotificationItem key={n.id} orderId={orderId} notification={n} messages={data.messages} now={now} />
      ))}
    </ul>
  )
}
