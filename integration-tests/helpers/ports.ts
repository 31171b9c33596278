// Fixed ports of the integration tests, in one place. Each sandbox port can be moved with its
// variable (a developer's checkout beside CI); Postgres has TEST_PG_PORT (global-setup.js).
const fromEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback)

/** The sandbox of each spec file that boots Medusa (where the plugin's WHATSAPP_BASE_URL points). */
export const SANDBOX_PORTS = {
  /** auto-reply, notifications, sandbox-roundtrip */
  shared: fromEnv("TEST_SANDBOX_PORT", 18787),
  campaigns: fromEnv("TEST_SANDBOX_PORT", 18791),
  // Its own port: specs may run side by side with campaigns.spec.ts.
  campaignsAdmin: fromEnv("TEST_SANDBOX_PORT_CAMPAIGNS_ADMIN", 18801),
  campaignsWorkflows: fromEnv("TEST_WORKFLOWS_SANDBOX_PORT", 18823),
  attribution: fromEnv("TEST_ATTRIBUTION_SANDBOX_PORT", 18795),
  crash: fromEnv("TEST_CRASH_SANDBOX_PORT", 18793),
  bullmq: fromEnv("TEST_BULLMQ_SANDBOX_PORT", 18794),
  bullmqRecovery: fromEnv("TEST_BULLMQ_RECOVERY_SANDBOX_PORT", 18795),
  standalone: fromEnv("TEST_STANDALONE_SANDBOX_PORT", 18796),
  linkClicks: fromEnv("TEST_LINK_CLICKS_SANDBOX_PORT", 18831),
  campaignRecipients: fromEnv("TEST_CAMPAIGN_RECIPIENTS_SANDBOX_PORT", 18843),
  sendTime: fromEnv("TEST_SEND_TIME_SANDBOX_PORT", 18841),
  ab: fromEnv("TEST_AB_SANDBOX_PORT", 18845),
}

/** The admin browser test runs the demo (demo/run.js) on ports of its own. */
export const BROWSER_PORTS = { medusa: 9310, sandbox: 8797, pg: 54350 }
