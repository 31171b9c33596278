import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading } from "@medusajs/ui"
import { ErrorState } from "../components/common/error-state"
import { NotificationList } from "../components/order/notification-list"
import { OrderWidgetSkeleton } from "../components/order/order-skeleton"
import { useNow } from "../lib/format"
import { useOrderWhatsapp } from "../lib/notifications"

const WhatsappOrderWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isPending, isError, error, refetch } = useOrderWhatsapp(order.id)
  const now = useNow()

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">WhatsApp</Heading>
      </div>
      {isPending ? (
        <OrderWidgetSkeleton />
      ) : isError ? (
        <ErrorState title="Couldn't load WhatsApp notifications" error={error} onRetry={() => refetch()} />
      ) : (
        <NotificationList orderId={order.id} data={data} now={now} />
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
  id: "whatsapp-order-widget",
})

export default WhatsappOrderWidget
