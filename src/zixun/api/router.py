"""The one router the read and write routes share: a path may take GET and POST only when
both are on the same router (ninja answers 405 otherwise)."""

from ninja import Router

router = Router()
READ = ["读取 / read"]
WRITE = ["写入 / write"]
