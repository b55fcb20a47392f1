// pluralize 8 (json-server's own dependency) ships no types; this covers the part we use.
declare module 'pluralize' {
  function pluralize(word: string): string;
  namespace pluralize {
    function singular(word: string): string;
  }
  export default pluralize;
}
