import { EllipsisHorizontal, PencilSquare, Trash } from "@medusajs/icons"
import { DropdownMenu, IconButton } from "@medusajs/ui"

/** The "…" menu at the end of a table row: Edit, then Delete. */
export const RowActions = ({ label, onEdit, onDelete }: { label: string; onEdit: () => void; onDelete: () => void }) => (
  <DropdownMenu>
    <DropdownMenu.Trigger asChild>
      <IconButton size="small" variant="transparent" aria-label={label}>
        <EllipsisHorizontal />
      </IconButton>
    </DropdownMenu.Trigger>
    <DropdownMenu.Content align="end">
      <DropdownMenu.Item onSelect={onEdit} className="gap-x-2">
        <PencilSquare className="text-ui-fg-subtle" />
        Edit
      </DropdownMenu.Item>
      <DropdownMenu.Separator />
      <DropdownMenu.Item onSelect={onDelete} className="gap-x-2">
        <Trash className="text-ui-fg-subtle" />
        Delete
      </DropdownMenu.Item>
    </DropdownMenu.Content>
  </DropdownMenu>
)
