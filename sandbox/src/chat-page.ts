import { readFileSync } from "node:fs"
import { join } from "node:path"

let html: string | undefined

/** The self-contained chat page (no external assets), read once from chat-page.html. */
export const chatPageHtml = (): string => (html ??= readFileSync(join(__dirname, "chat-page.html"), "utf8"))
