/** How one piece of content differs from base to head. */
export type ChangeKind = 'added' | 'changed' | 'removed';
