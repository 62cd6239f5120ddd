#include "trocar/core/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace trocar::core {

namespace {
Error systemError(const std::filesystem::path& where, const std::string& what) {
  return {where.string(), what + ": " + std::strerror(errno)};
}
}  // namespace

Result<std::filesystem::path> writeFileAtomically(const std::filesystem::path& path,
                                                  std::string_view content) {
  const std::filesystem::path folder =
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec))
    return Error{folder.string(), "the folder does not exist"};
  // mkstemp gives a unique name in the same folder (a rename across file systems is not atomic).
  std::string name = path.filename().string();
  name.insert(name.begin(), '.');
  name.append(".tmp-XXXXXX");
  std::string tmpl = (folder / name).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return systemError(folder, "cannot create a temporary file");
  const std::filesystem::path tmp = tmpl;
  auto fail = [&](const std::string& what) {
    Error e = systemError(tmp, what);
    ::close(fd);
    std::filesystem::remove(tmp, ec);
    return e;
  };
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("write failed");
    }
    written += size_t(n);
  }
  // Regular file permissions as a plain create would give them (mkstemp makes 0600).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  if (::fsync(fd) != 0) return fail("fsync failed");
  if (::close(fd) != 0) {
    Error e = systemError(tmp, "close failed");
    std::filesystem::remove(tmp, ec);
    return e;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Error e = systemError(path, "rename failed");
    std::filesystem::remove(tmp, ec);
    return e;
  }
  // The rename itself is durable only once the folder entry is on disk.
  const int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return path;
}

}  // namespace trocar::core
