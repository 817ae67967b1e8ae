/** The warehouse screens' messages: English is the reference; Russian must have the same keys and {placeholders}. */
export const warehouseEn = {} as const satisfies Record<string, string>;

export const warehouseRu: Record<keyof typeof warehouseEn, string> = {};
