/** An import stopped by its user: everything it wrote is rolled back. */
export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled; nothing was written.');
    this.name = 'ImportCancelled';
  }
}
