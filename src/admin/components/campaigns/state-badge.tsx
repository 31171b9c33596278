import { StatusBadge } from "@medusajs/ui"
import { stateColor, stateLabel } from "../../lib/campaigns"

export const CampaignStateBadge = ({ status }: { status: string }) => (
  <StatusBadge color={stateColor(status)} className="whitespace-nowrap">
    {stateLabel(status)}
  </StatusBadge>
)
