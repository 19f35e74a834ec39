/** A CBOR tag (major type 6) around a value, e.g. tag 18 around a COSE_Sign1 array. */
export class Tagged {
  constructor(
    readonly tag: number,
    readonly value: unknown,
  ) {}
}
