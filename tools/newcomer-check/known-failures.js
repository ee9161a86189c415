// Failures of the newcomer apps that are known and tracked elsewhere. A variant whose run
// fails with one of these signatures is reported loudly as KNOWN FAILURE instead of failing
// the check; any other failure fails it. Delete an entry as soon as its fix is merged: the
// variant is then checked in full again.
module.exports = [
  {
    variant: 'esm',
    issue: 'issue 15 (native-ESM import crash of the OTLP packages)',
    // protobufjs imported as an ES module namespace in otlp-exporter-base's ESM build.
    signature: /protobuf\.Type is not a constructor/,
  },
];
