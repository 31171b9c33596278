import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChatBubbleLeftRight } from "@medusajs/icons"
import { Container } from "@medusajs/ui"
import { ErrorState } from "../../../components/common/error-state"
import { SectionHeader } from "../../../components/common/section-header"
import { ConnectionSection } from "../../../components/settings/connection-section"
import { CredentialsSection } from "../../../components/settings/credentials-section"
import { SettingsSkeleton } from "../../../components/settings/settings-skeleton"
import { StoreSection } from "../../../components/settings/store-section"
import { WebhookSection } from "../../../components/settings/webhook-section"
import { ReceiptsSection } from "../../../components/settings/receipts-section"
import { useWhatsappSettings } from "../../../lib/sdk"

const WhatsappSettingsPage = () => {
  const { data, isPending, isError, error, refetch } = useWhatsappSettings()

  if (isPending) return <SettingsSkeleton />
  if (isError) {
    return (
      <Container className="divide-y p-0">
        <SectionHeader level="h1" title="WhatsApp" />
        <ErrorState title="Couldn't load the WhatsApp settings" error={error} onRetry={() => refetch()} />
      </Container>
    )
  }

  return (
    <div className="flex flex-col gap-y-3">
      <ConnectionSection settings={data} />
      <WebhookSection settings={data} />
      <ReceiptsSection />
      <CredentialsSection settings={data} />
      <StoreSection settings={data} />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "WhatsApp",
  icon: ChatBubbleLeftRight,
})

export const handle = {
  breadcrumb: () => "WhatsApp",
}

export default WhatsappSettingsPage
