import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChatBubbleLeftRight } from "@medusajs/icons"
import { Tabs } from "@medusajs/ui"
import { useSearchParams } from "react-router-dom"
import { InboxSection } from "../../components/inbox/inbox-section"
import { AutoReplySettingsSection } from "../../components/rules/auto-reply-settings-section"
import { FaqSection } from "../../components/rules/faq-section"
import { RulesSection } from "../../components/rules/rules-section"
import { TestMessageSection } from "../../components/rules/test-message-section"

const TABS = ["inbox", "rules", "faq", "settings"] as const
type Tab = (typeof TABS)[number]

const isTab = (value: string | null): value is Tab => !!value && (TABS as readonly string[]).includes(value)

/** Agents answer customers; merchants set up the keyword rules, FAQs and away message that answer for them. */
const WhatsappInboxPage = () => {
  const [params, setParams] = useSearchParams()
  const current = params.get("tab")
  const tab: Tab = isTab(current) ? current : "inbox"

  const selectTab = (value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p)
        if (value === "inbox") next.delete("tab")
        else next.set("tab", value)
        return next
      },
      { replace: true }
    )

  return (
    <Tabs value={tab} onValueChange={selectTab} className="flex flex-col gap-y-3">
      <Tabs.List>
        <Tabs.Trigger value="inbox">Inbox</Tabs.Trigger>
        <Tabs.Trigger value="rules">Keyword rules</Tabs.Trigger>
        <Tabs.Trigger value="faq">FAQ</Tabs.Trigger>
        <Tabs.Trigger value="settings">Settings</Tabs.Trigger>
      </Tabs.List>
      <Tabs.Content value="inbox">
        <InboxSection />
      </Tabs.Content>
      <Tabs.Content value="rules" className="flex flex-col gap-y-3">
        <RulesSection />
        <TestMessageSection />
      </Tabs.Content>
      <Tabs.Content value="faq">
        <FaqSection />
      </Tabs.Content>
      <Tabs.Content value="settings">
        <AutoReplySettingsSection />
      </Tabs.Content>
    </Tabs>
  )
}

export const config = defineRouteConfig({
  label: "WhatsApp inbox",
  icon: ChatBubbleLeftRight,
})

export const handle = {
  breadcrumb: () => "WhatsApp inbox",
}

export default WhatsappInboxPage
