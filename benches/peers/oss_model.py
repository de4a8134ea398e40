"""A hand-written pydantic v2 model of the OSS trigger payload, with the same required members and
member types as `schemas/oss.schema.json` (the model a Python handler would write instead)."""

from datetime import datetime
from typing import Dict, List, Optional

from pydantic import BaseModel, Field


class OssBucket(BaseModel):
    name: str = Field(min_length=1)
    arn: str
    ownerIdentity: str
    virtualBucket: Optional[str] = None


class OssObjectMeta(BaseModel):
    mimeType: Optional[str] = None
    userMeta: Optional[Dict[str, str]] = None
    persistentMeta: Optional[Dict[str, str]] = None
    accessControlAllowOrigin: Optional[str] = None
    cacheControl: Optional[str] = None
    contentDisposition: Optional[str] = None
    contentEncoding: Optional[str] = None
    contentLanguage: Optional[str] = None
    expires: Optional[str] = None


class OssObject(BaseModel):
    key: str
    size: int = Field(ge=0)
    deltaSize: int
    eTag: Optional[str] = None
    objectMeta: Optional[OssObjectMeta] = None
    position: Optional[int] = Field(default=None, ge=0)
    readFrom: Optional[int] = Field(default=None, ge=0)
    readTo: Optional[int] = Field(default=None, ge=0)


class OssEntity(BaseModel):
    bucket: OssBucket
    object: OssObject
    ossSchemaVersion: str
    ruleId: str


class OssUserIdentity(BaseModel):
    principalId: str


class OssRequestParameters(BaseModel):
    sourceIPAddress: str


class OssResponseElements(BaseModel):
    requestId: str


class OssRecord(BaseModel):
    eventName: str
    eventSource: str
    eventTime: datetime
    eventVersion: str
    oss: OssEntity
    region: str
    requestParameters: OssRequestParameters
    responseElements: OssResponseElements
    userIdentity: OssUserIdentity


class OssEvent(BaseModel):
    events: List[OssRecord]
