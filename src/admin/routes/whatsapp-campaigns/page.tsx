import { defineRouteConfig } from "@medusajs/admin-sdk"
import { PaperPlane } from "@medusajs/icons"
import { Button, Container, Heading, Skeleton, Text } from "@medusajs/ui"
import { useState } from "react"
import { ErrorState } from "../../components/common/error-state"
import { CampaignSettingsDrawer } from "../../components/campaigns/campaign-settings-drawer"
import { CampaignsTable } from "../../components/campaigns/campaigns-table"
import { CreateCampaignModal } from "../../components/campaigns/create-campaign-modal"
import { useCampaigns } from "../../lib/campaigns"
import { useNow } from "../../lib/format"

const PAGE = 20

/** Marketing campaigns: what ran, what runs, what is scheduled; and a wizard for a new one. */
const WhatsappCampaignsPage = () => {
  const now = useNow()
  const [offset, setOffset] = useState(0)
  const campaigns = useCampaigns(offset, PAGE)
  const count = campaigns.data?.count ?? 0
  const rows = campaigns.data?.campaigns ?? []

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <div className="flex min-w-0 flex-col">
          <Heading level="h1">WhatsApp campaigns</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Send an approved marketing template to a segment, follow its progress and the orders it brings.
          </Text>
        </div>
        <div className="flex shrink-0 items-center gap-x-2">
          <CampaignSettingsDrawer />
          <CreateCampaignModal />
        </div>
      </div>
      {campaigns.isPending ? (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
        </div>
      ) : campaigns.isError ? (
        <ErrorState title="Couldn't load campaigns" error={campaigns.error} onRetry={() => campaigns.refetch()} />
      ) : rows.length === 0 ? (
        <div className="flex flex-col items-center gap-y-1 px-6 py-12 text-center">
          <Text size="small" weight="plus">
            No campaigns yet
          </Text>
          <Text size="small" className="text-ui-fg-subtle max-w-md">
            Build a segment, pick an approved marketing template and send it to the customers who agreed to hear from you.
          </Text>
        </div>
      ) : (
        <CampaignsTable campaigns={rows} now={now} />
      )}
      {count > PAGE && (
        <div className="flex items-center justify-between px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle">
            {`${offset + 1}–${Math.min(offset + PAGE, count)} of ${count}`}
          </Text>
          <div className="flex gap-x-2">
            <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </Button>
            <Button size="small" variant="secondary" disabled={offset + PAGE >= count} onClick={() => setOffset(offset + PAGE)}>
              Next
            </Button>
          </div>
        </div>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "WhatsApp campaigns",
  icon: PaperPlane,
})

export const handle = {
  breadcrumb: () => "WhatsApp campaigns",
}

export default WhatsappCampaignsPage
