import { PaperPlane } from "@medusajs/icons"
import { Button, InlineTip, Kbd, Text, Textarea } from "@medusajs/ui"
import { useRef, useState, type KeyboardEvent } from "react"
import { FaqInsertMenu } from "./faq-insert-menu"
import { TemplateReply } from "./template-reply"
import { useSendReply } from "./use-send-reply"

type Props = { conversationId: string; windowOpen: boolean; lastInboundAt: string | null }

/** Free-form text inside the customer's 24 h window, an approved template outside it. */
export const ReplyBox = ({ conversationId, windowOpen, lastInboundAt }: Props) => {
  const [useTemplate, setUseTemplate] = useState(false)
  const { send, isPending } = useSendReply(conversationId)

  if (!windowOpen) {
    return (
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <InlineTip label="24-hour window closed" variant="warning">
          {lastInboundAt ? "The customer last wrote more than 24 hours ago. " : "The customer has never written to you. "}
          WhatsApp only lets businesses send free-form text within 24 hours of the customer's last message; until they write again you can only send an approved
          template.
        </InlineTip>
        <TemplateReply send={send} isPending={isPending} />
      </div>
    )
  }

  if (useTemplate) {
    return (
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <TemplateReply send={send} isPending={isPending} onCancel={() => setUseTemplate(false)} />
      </div>
    )
  }

  return <TextReply send={send} isPending={isPending} onUseTemplate={() => setUseTemplate(true)} />
}

type TextReplyProps = {
  send: (body: { text: string }) => Promise<boolean>
  isPending: boolean
  onUseTemplate: () => void
}

const MAX_TEXT = 4096

const TextReply = ({ send, isPending, onUseTemplate }: TextReplyProps) => {
  const [text, setText] = useState("")
  const input = useRef<HTMLTextAreaElement>(null)
  const trimmed = text.trim()
  const tooLong = text.length > MAX_TEXT

  const submit = async () => {
    if (!trimmed || tooLong || isPending) return
    if (await send({ text: trimmed })) setText("")
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
      e.preventDefault()
      void submit()
    }
  }

  /** Puts the answer where the cursor is (or at the end), on its own paragraph. */
  const insert = (answer: string) => {
    const el = input.current
    const at = el && document.activeElement === el ? el.selectionStart : text.length
    const before = text.slice(0, at)
    const after = text.slice(at)
    const sep = before && !before.endsWith("\n") ? "\n\n" : ""
    setText(`${before}${sep}${answer}${after}`)
    requestAnimationFrame(() => input.current?.focus())
  }

  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      <Textarea
        ref={input}
        value={text}
        rows={3}
        placeholder="Write a reply…"
        aria-label="Reply"
        disabled={isPending}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={tooLong}
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-x-2">
          <FaqInsertMenu onInsert={insert} disabled={isPending} />
          <Button size="small" variant="transparent" onClick={onUseTemplate} disabled={isPending}>
            Send a template instead
          </Button>
        </div>
        <div className="flex items-center gap-x-2">
          <Text size="xsmall" className={tooLong ? "text-ui-fg-error" : "text-ui-fg-muted"}>
            {tooLong ? (
              `${text.length}/${MAX_TEXT}`
            ) : (
              <>
                <Kbd>⌘</Kbd>/<Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd> to send
              </>
            )}
          </Text>
          <Button size="small" onClick={submit} isLoading={isPending} disabled={!trimmed || tooLong}>
            <PaperPlane />
            Send
          </Button>
        </div>
      </div>
    </div>
  )
}
