import { defineRouteConfig } from "@medusajs/admin-sdk"
import { DocumentText } from "@medusajs/icons"
import { MappingsSection } from "../../components/templates/mappings-section"
import { TemplatesSection } from "../../components/templates/templates-section"

const WhatsappTemplatesPage = () => (
  <div className="flex flex-col gap-y-3">
    <TemplatesSection />
    <MappingsSection />
  </div>
)

export const config = defineRouteConfig({
  label: "WhatsApp templates",
  icon: DocumentText,
})

export const handle = {
  breadcrumb: () => "WhatsApp templates",
}

export default WhatsappTemplatesPage
