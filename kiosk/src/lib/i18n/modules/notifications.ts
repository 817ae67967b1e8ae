/** The notifications screens' messages: English is the reference; Russian must have the same keys and {placeholders}. */
export const notificationsEn = {} as const satisfies Record<string, string>;

export const notificationsRu: Record<keyof typeof notificationsEn, string> = {};
