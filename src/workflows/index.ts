export * from "./notifications/send-notification"
export * from "./inbound/handle-inbound-message"
export * from "./campaigns"
