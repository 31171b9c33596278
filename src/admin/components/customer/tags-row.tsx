import { Badge, Text, Tooltip } from "@medusajs/ui"
import type { WhatsappCustomerTag } from "../../lib/types"
import { SectionRow } from "../common/section-row"

type TagsRowProps = { tags: WhatsappCustomerTag[] }

export const TagsRow = ({ tags }: TagsRowProps) => (
  <SectionRow
    title="Tags"
    value={
      tags.length === 0 ? (
        <Text size="small" leading="compact" className="text-ui-fg-muted">
          No tags
        </Text>
      ) : (
        tags.map((tag) => (
          <Tooltip key={tag.id} content={tag.source === "auto" ? "Added automatically" : "Added manually"}>
            <Badge size="2xsmall" color={tag.source === "auto" ? "blue" : "grey"} className="cursor-default">
              {tag.name}
            </Badge>
          </Tooltip>
        ))
      )
    }
  />
)
