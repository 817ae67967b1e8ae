/** The workshop screens' messages: English is the reference; Russian must have the same keys and {placeholders}. */
export const workshopEn = {} as const satisfies Record<string, string>;

export const workshopRu: Record<keyof typeof workshopEn, string> = {};
