// The webhook suite against POST /hooks/whatsapp in the Medusa app (see webhook.suite.ts).
import { webhookSuite } from "./webhook.suite"

webhookSuite("route")
