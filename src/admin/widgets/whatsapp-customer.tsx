import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, Text } from "@medusajs/ui"
import { ErrorState } from "../components/common/error-state"
import { ConsentRow } from "../components/customer/consent-row"
import { MessageList } from "../components/customer/message-list"
import { NumberRow } from "../components/customer/number-row"
import { TagsRow } from "../components/customer/tags-row"
import { WidgetSkeleton } from "../components/customer/widget-skeleton"
import { WindowRow } from "../components/customer/window-row"
import { useNow } from "../lib/format"
import { useCustomerWhatsapp } from "../lib/sdk"
import type { CustomerWhatsappResponse } from "../lib/types"

const WhatsappCustomerWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { data, isPending, isError, error, refetch } = useCustomerWhatsapp(customer.id)

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">WhatsApp</Heading>
      </div>
      {isPending ? (
        <WidgetSkeleton />
      ) : isError ? (
        <ErrorState title="Couldn't load WhatsApp details" error={error} onRetry={() => refetch()} />
      ) : (
        <WidgetBody data={data} />
      )}
    </Container>
  )
}

const WidgetBody = ({ data }: { data: CustomerWhatsappResponse }) => {
  const now = useNow()
  const disabledReason = !data.phone
    ? "Add a phone number to the customer first."
    : data.phone_valid === false
      ? "The customer's phone number isn't valid; fix it first."
      : null

  return (
    <>
      <NumberRow data={data} />
      <ConsentRow customerId={data.customer_id} purpose="transactional" contact={data.contact} disabledReason={disabledReason} />
      <ConsentRow customerId={data.customer_id} purpose="marketing" contact={data.contact} disabledReason={disabledReason} />
      <WindowRow contact={data.contact} open={data.window_open} now={now} />
      <TagsRow tags={data.tags} />
      <div>
        <div className="flex items-center justify-between px-6 pt-4">
          <Text size="small" weight="plus" leading="compact" className="text-ui-fg-subtle">
            Latest messages
          </Text>
        </div>
        <MessageList messages={data.messages} now={now} reachable={!!data.wa_id || !!data.contact?.user_id} />
      </div>
    </>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.side.after",
  id: "whatsapp-customer-widget",
})

export default WhatsappCustomerWidget
