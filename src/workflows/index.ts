export * from "./send-notification"
