/** The Herald event type a Kubernetes change becomes. */
export type ChangeType = 'create' | 'update' | 'delete' | 'scale';
