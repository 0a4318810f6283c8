/** One page of a listing and the cursor of the next; null when this was the last. */
export interface Page<T> { items: T[]; nextCursor: string | null }
