// The page's list of programs, made by the build (vite.config.ts, userlandBinaries): every
// userland binary with its size and the URL to fetch it from.
declare module 'virtual:userland-programs' {
  const programs: Array<{ name: string; size: number; url: string }>;
  export default programs;
}
