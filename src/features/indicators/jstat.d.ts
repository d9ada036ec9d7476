// The part of jstat (a CommonJS module without its own types) Löftesbot uses:
// the normal distribution's quantile function.
declare module "jstat" {
  const jstat: { jStat: { normal: { inv(p: number, mean: number, sd: number): number } } };
  export default jstat;
}
