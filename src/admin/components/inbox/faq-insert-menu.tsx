import { BookOpen } from "@medusajs/icons"
import { Button, DropdownMenu, Text } from "@medusajs/ui"
import { useFaqs } from "../../lib/inbox"

type Props = { onInsert: (answer: string) => void; disabled?: boolean }

/** Drops a saved FAQ answer into the reply, to edit before sending. */
export const FaqInsertMenu = ({ onInsert, disabled }: Props) => {
  const { data, isPending, isError } = useFaqs()
  const faqs = data?.faqs ?? []

  return (
    <DropdownMenu>
      <DropdownMenu.Trigger asChild>
        <Button size="small" variant="secondary" disabled={disabled}>
          <BookOpen />
          Insert FAQ
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="start" className="max-h-[320px] max-w-[360px] overflow-y-auto">
        {isPending ? (
          <DropdownMenu.Item disabled>Loading…</DropdownMenu.Item>
        ) : isError ? (
          <DropdownMenu.Item disabled>Couldn't load FAQs</DropdownMenu.Item>
        ) : faqs.length === 0 ? (
          <DropdownMenu.Item disabled>No FAQs yet: add them in the FAQ tab</DropdownMenu.Item>
        ) : (
          faqs.map((faq) => (
            <DropdownMenu.Item key={faq.id} onSelect={() => onInsert(faq.answer)} className="flex flex-col items-start gap-y-0.5">
              <span className="txt-compact-small-plus">
                {faq.title} <span className="text-ui-fg-muted font-normal">({faq.language})</span>
              </span>
              <Text size="xsmall" className="text-ui-fg-muted line-clamp-2">
                {faq.answer}
              </Text>
            </DropdownMenu.Item>
          ))
        )}
      </DropdownMenu.Content>
    </DropdownMenu>
  )
}
