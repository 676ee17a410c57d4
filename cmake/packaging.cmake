# Installation and the .deb (CPack). See cmake/install_system_files.cmake
# for where the unit and the config go.
#
#   cmake --install build                         # /usr/local by default
#   cpack --config build/CPackConfig.cmake -G DEB # newsalert_<version>_<arch>.deb

# Installing and packaging never build: build first. (cpack then does no
# build of its own, which the package test relies on while other tests run.)
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS newsalert RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES config/newsalert.toml DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(DIRECTORY filters/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/filters.d
        FILES_MATCHING PATTERN "*.toml")
install(CODE "
  set(NEWSALERT_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
  set(NEWSALERT_BINARY_DIR \"${PROJECT_BINARY_DIR}\")
  set(NEWSALERT_BINDIR \"${CMAKE_INSTALL_BINDIR}\")")
install(SCRIPT cmake/install_system_files.cmake)

# --- .deb --------------------------------------------------------------------
# The package installs under /usr with its config in /etc/newsalert, whatever
# prefix the build was configured with.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME newsalert)
set(CPACK_PACKAGE_VENDOR newsalert)
set(CPACK_PACKAGE_CONTACT "newsalert maintainers <newsalert@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch news feeds and alert on matching stories")
set(CPACK_PACKAGE_DESCRIPTION "newsalert watches RSS, Atom and JSON feeds and alerts by \
webhook or on the console when a story matches a filter: once per story, never lost. It \
runs as a hardened systemd service (Type=notify, watchdog, DynamicUser).")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_STRIP_FILES ON)
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/newsalert/newsalert")
# Depends: from the shared libraries the binary links (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# conffiles: dpkg keeps an admin's edits on upgrade and asks when both changed.
set(conffiles "/etc/newsalert/newsalert.toml\n")
file(GLOB shipped_filters RELATIVE ${PROJECT_SOURCE_DIR}/filters ${PROJECT_SOURCE_DIR}/filters/*.toml)
foreach(filter IN LISTS shipped_filters)
  string(APPEND conffiles "/etc/newsalert/filters.d/${filter}\n")
endforeach()
file(WRITE ${PROJECT_BINARY_DIR}/packaging/conffiles "${conffiles}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_BINARY_DIR}/packaging/conffiles
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
include(CPack)
