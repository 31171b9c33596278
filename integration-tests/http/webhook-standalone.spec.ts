// The same webhook suite against the standalone ingest of the worker binary (webhooks/ingest.ts),
// started in this process on the test app's database (see webhook.suite.ts).
import { webhookSuite } from "./webhook.suite"

webhookSuite("standalone")
