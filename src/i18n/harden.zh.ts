/** 错误页面（src/ui/ErrorBoundary.tsx）：学生看到的是它，而不是一片空白。 */
export default {
  recovery: {
    title: '页面遇到了意外错误',
    body: '绘制页面时演练场出错了：{{message}}。已保存的运行仍在这个浏览器里。',
    afresh: '重新开始',
    afreshHint: '重新加载页面并开始一次新的运行。保存在运行库中的运行不受影响。',
    export: '导出已保存的内容',
    exportHint: '下载当前运行（含统计数据和权重）以及所有损坏的记录，这些文件之后可以再导入。',
    exported_one: '已下载 {{count}} 个文件：{{names}}。',
    exported_other: '已下载 {{count}} 个文件：{{names}}。',
    nothing: '这个浏览器里还没有保存任何内容。',
    exportFailed: '导出也失败了：{{reason}}',
    details: '用于错误报告的详细信息',
  },
  gpuMemory: {
    title: '引擎占用的 GPU 内存',
    counters: '正在使用 {{inUse}}，留作复用的空闲 {{free}}；页面打开以来共创建 {{created}}，{{buffers}} 个缓冲区。',
    why: '缓冲区按大小回收复用：一次运行的各种形状出现过之后，每次迭代不再创建新缓冲区，所以运行期间这些数字保持不变。一直增长的数字说明有泄漏。',
  },
};
